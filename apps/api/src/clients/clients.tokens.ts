export const CLIENTS_SERVICE = Symbol('ClientsService');
