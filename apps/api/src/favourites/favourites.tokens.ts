export const FAVOURITES_SERVICE = Symbol('FavouritesService');
