// Puts slicewise's stylesheet into a document once. Bundles import css/index.css as text;
// JupyterLab's builder injects it itself (then the text is not a string and nothing happens here).
import cssText from "../../css/index.css";

export function injectStyles(document: Document): void {
  if (typeof cssText !== "string" || cssText.length === 0 || document.getElementById("slicewise-styles")) return;
  const style = document.createElement("style");
  style.id = "slicewise-styles";
  style.textContent = cssText;
  document.head.append(style);
}
