package org.preflab.engine.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of one safetensors file: its tensors in header order and its {@code __metadata__} (string to string,
 * as the format requires; empty when the file has none).
 */
public record SafetensorsFile(Map<String, String> metadata, LinkedHashMap<String, Tensor> tensors) {}
