import { z } from 'zod';

// Every message a schema does not word itself comes out in French; a missing field reads as such.
z.config(z.locales.fr());
z.config({
	customError: (issue) => (issue.input === undefined ? 'Ce champ est requis.' : undefined)
});
