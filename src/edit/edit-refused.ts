/** An edit that cannot be made, said in Chinese; the text is left as it was. */
export class EditRefused extends Error {}
