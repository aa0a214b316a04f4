export const SETTINGS_SERVICE = Symbol('SettingsService');
export const LOGO_SERVICE = Symbol('LogoService');
