// Copy and share buttons need a script; the page reads the same without.
export const csr = true;
