// The widget module's name and version as the widget protocol carries them (_model_module …):
// one definition for the kernels that send widget state and the front end that registers it.
export const moduleName = "slicewise";
// Kept in step with package.json by test/unit/widgets/version.test.ts.
export const moduleVersion = "0.1.0";
/** The semver range a kernel asks for: any 0.1.x front end renders 0.1.x state. */
export const moduleVersionRange = "^0.1.0";
