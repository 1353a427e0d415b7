/**
 * @aws-sdk/xml-builder as the Worker bundle needs it. Bundled for Workers, the package's "browser"
 * field swaps in an XML parser built on DOMParser, which workerd does not have, so every S3 error
 * body (a 404 on a missing key, a 412 on a lost conditional write) and every listing would throw.
 * wrangler.toml aliases the package to this module, which names the package's own files with their
 * extensions (the browser field maps only "./dist-es/xml-parser") so the DOM-free parser is kept;
 * by path, because an alias also catches imports of the package's subpaths.
 * @see https://github.com/aws/aws-sdk-js-v3/issues/7375
 */
export { XmlNode } from '../../../node_modules/@aws-sdk/xml-builder/dist-es/XmlNode.js';
export { XmlText } from '../../../node_modules/@aws-sdk/xml-builder/dist-es/XmlText.js';
export { parseXML } from '../../../node_modules/@aws-sdk/xml-builder/dist-es/xml-parser.js';
