import {
  FavouriteCreateSchema,
  FavouriteIdParamSchema,
  FavouriteListResponseSchema,
  FavouriteOrderSchema,
  FavouriteResponseSchema,
  FavouriteUpdateSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class FavouriteResponseDto extends createZodDto(FavouriteResponseSchema) {}
export class FavouriteCreateDto extends createZodDto(FavouriteCreateSchema) {}
export class FavouriteUpdateDto extends createZodDto(FavouriteUpdateSchema) {}
export class FavouriteIdParamDto extends createZodDto(FavouriteIdParamSchema) {}
export class FavouriteListDto extends createZodDto(FavouriteListResponseSchema) {}
export class FavouriteOrderDto extends createZodDto(FavouriteOrderSchema) {}
