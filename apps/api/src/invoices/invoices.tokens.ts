export const INVOICES_SERVICE = Symbol('InvoicesService');
export const INVOICE_ITEMS_SERVICE = Symbol('InvoiceItemsService');
export const INVOICE_DOCUMENTS_SERVICE = Symbol('InvoiceDocumentsService');
