package org.preflab.engine.model;

/** The two decoder-only families PrefLab loads; between them they cover GPT-2, Pythia-style and Llama-style models. */
public enum ModelFamily {
    /** Learned positions, LayerNorm, tanh GELU, Conv1D ([in, out]) weights, tied head. */
    GPT2,
    /** RMSNorm, rotate-half RoPE, grouped-query attention, SwiGLU, tied or untied head. */
    LLAMA,
    /** GPT-NeoX (Pythia): LayerNorm, partial rotary, fused per-head q|k|v, parallel residual, exact GELU. */
    NEOX
}
