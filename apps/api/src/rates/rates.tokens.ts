export const RATES_SERVICE = Symbol('RatesService');
