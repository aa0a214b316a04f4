export const WEBHOOKS_SERVICE = Symbol('WebhooksService');
