import { Module } from '@nestjs/common';
import {
  InvoiceDocumentsService,
  InvoiceItemsService,
  InvoicesRepository,
  InvoicesService,
  SettingsRepository,
} from '@timetracker/core';
import type { PrismaClient } from '@timetracker/db';
import { PRISMA } from '../database/database.module';
import { InvoicesController } from './invoices.controller';
import { InvoiceDocumentsController } from './invoice-documents.controller';
import { INVOICE_DOCUMENTS_SERVICE, INVOICE_ITEMS_SERVICE, INVOICES_SERVICE } from './invoices.tokens';

/** Invoices: numbered drafts, lines from time or typed in, sent → paid | cancelled. Admins only. */
@Module({
  controllers: [InvoicesController, InvoiceDocumentsController],
  providers: [
    {
      provide: INVOICES_SERVICE,
      inject: [PRISMA],
      useFactory: (prisma: PrismaClient) => new InvoicesService(new InvoicesRepository(prisma)),
    },
    {
      provide: INVOICE_ITEMS_SERVICE,
      inject: [PRISMA, INVOICES_SERVICE],
      useFactory: (prisma: PrismaClient, invoices: InvoicesService) =>
        new InvoiceItemsService(new InvoicesRepository(prisma), invoices),
    },
    {
      provide: INVOICE_DOCUMENTS_SERVICE,
      inject: [PRISMA, INVOICES_SERVICE],
      useFactory: (prisma: PrismaClient, invoices: InvoicesService) =>
        new InvoiceDocumentsService(invoices, new SettingsRepository(prisma)),
    },
  ],
})
export class InvoicesModule {}
