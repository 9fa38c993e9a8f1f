/**
 * Web's door to the platform's one string resource set, which lives in the `tenants` workspace
 * (`tenants/strings/<locale>/<namespace>.json`, loaded by `@jamaa/tenants/strings.ts`) so that the API's
 * mail is written from the same resources and checked by the same parity tests.
 */
export { NAMESPACES, resources, type Namespace, type ResourceShape, type Strings } from '@jamaa/tenants/strings.ts';
