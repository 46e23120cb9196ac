// Stylesheets are text in the bundles (css-loader exportType "string"); tests need no styles.
module.exports = "";
