// The staff console hydrates: forms are enhanced (no full reload) and the branding preview is live.
// Every form still works with JavaScript off: they are plain POSTs to SvelteKit form actions.
export const csr = true;
