// How much the Slicer shows at once.

/** More slices than this would not be read, only wait for: the slicer asks for fewer. */
export const maximumSlices = 1000;
