"""Face detection with insightface SCRFD models (ONNX Runtime), plus recall passes and blurring."""
