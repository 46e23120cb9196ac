// Stylesheets arrive as text through webpack's css-loader (exportType "string").
declare module "*.css" {
  const text: string;
  export default text;
}
