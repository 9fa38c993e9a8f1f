// The form hydrates: the map, the phone's position and hiding the contact fields need a script. It works
// the same without (a plain POST to the action below).
export const csr = true;
