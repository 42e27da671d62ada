package org.seqlab.nn.gpt;

/**
 * The sizes of a GPT-like decoder (nanoGPT's {@code GPTConfig}).
 *
 * @param blockSize the longest sequence (positions)
 * @param vocabSize tokens
 * @param nLayer blocks
 * @param nHead attention heads
 * @param nEmbd model width C (a multiple of nHead)
 * @param dropout dropout on embeddings, attention weights and residual branches
 * @param bias whether Linear and LayerNorm layers have biases
 */
public record GptConfig(int blockSize, int vocabSize, int nLayer, int nHead, int nEmbd, double dropout, boolean bias) {
    public GptConfig {
        if (blockSize < 1 || vocabSize < 1 || nLayer < 1 || nHead < 1 || nEmbd < 1) {
            throw new IllegalArgumentException("GptConfig sizes must be positive; found block " + blockSize + ", vocab "
                    + vocabSize + ", layers " + nLayer + ", heads " + nHead + ", width " + nEmbd);
        }
        if (nEmbd % nHead != 0) {
            throw new IllegalArgumentException("GptConfig: the width " + nEmbd + " must divide into " + nHead
                    + " heads; choose nEmbd a multiple of nHead");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("GptConfig: dropout must be in [0, 1); found " + dropout);
        }
    }

    /** nanoGPT's CPU preset (shakespeare_char on a laptop): 4 layers, 4 heads, width 128, context 64. */
    public static GptConfig nanoCpu() {
        return new GptConfig(64, 65, 4, 4, 128, 0.0, false);
    }

    /** A GPT small enough to step through: 2 layers, 2 heads, width 32, context 32, vocabulary 100. */
    public static GptConfig mini() {
        return new GptConfig(32, 100, 2, 2, 32, 0.0, true);
    }

    public GptConfig withVocabSize(int v) {
        return new GptConfig(blockSize, v, nLayer, nHead, nEmbd, dropout, bias);
    }
}
