package org.seqlab.lesson;

/**
 * A prompt and how to decode from it.
 *
 * @param prompt the text to continue, translate or label
 * @param maxTokens the most tokens to produce
 * @param temperature sampling temperature (0: greedy)
 * @param topK keep only the k most probable tokens (0: all)
 * @param topP keep the smallest set of tokens whose probability reaches p (1: all)
 * @param beam beam width (0 or 1: no beam search)
 * @param seed the sampling seed
 */
public record GenerateRequest(String prompt, int maxTokens, double temperature, int topK, double topP, int beam,
                              long seed) {
    public GenerateRequest {
        if (prompt == null) {
            throw new IllegalArgumentException("a prompt is needed");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be ≥ 1; found " + maxTokens);
        }
        if (temperature < 0) {
            throw new IllegalArgumentException("temperature must be ≥ 0; found " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be ≥ 0; found " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1]; found " + topP);
        }
        if (beam < 0) {
            throw new IllegalArgumentException("beam width must be ≥ 0; found " + beam);
        }
    }

    /** Greedy decoding of up to 100 tokens. */
    public static GenerateRequest greedy(String prompt) {
        return new GenerateRequest(prompt, 100, 0, 0, 1, 0, 1);
    }
}
