import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { ApiConfig } from '@timetracker/core';

/**
 * The parsed configuration (loadApiConfig in main.ts), for feature modules that need a setting:
 * they inject it instead of reading process.env, which only the config modules may (lint).
 */
export const API_CONFIG = Symbol('ApiConfig');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: API_CONFIG, useValue: config }],
      exports: [API_CONFIG],
    };
  }
}
