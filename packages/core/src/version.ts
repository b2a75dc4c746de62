/** This package's version, written into saved states so a reader can say what wrote them. */
export const LOSSKIT_VERSION = '0.1.0';
