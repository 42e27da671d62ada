package org.seqlab.nn.loss;

import org.seqlab.SeqLabException;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.crf.LinearChainCrf;

/**
 * The negative log-likelihood of gold tag paths under a {@link LinearChainCrf}: what a BiLSTM-CRF or
 * Transformer-CRF tagger trains on. Delegates to {@link LinearChainCrf#nll}, whose own scope labels its ops
 * ({@code crf/t3/...}).
 *
 * @param crf the CRF whose parameters the loss trains
 * @param reduction how the per-sequence values are combined (torchcrf's default is SUM)
 */
public record CrfNllLoss(LinearChainCrf crf, LinearChainCrf.Reduction reduction) {
    public CrfNllLoss {
        if (crf == null || reduction == null) {
            throw new SeqLabException("CrfNllLoss needs a CRF and a reduction (NONE, SUM, MEAN or TOKEN_MEAN).");
        }
    }

    /** Emissions (B, T, K), gold tags (B, T) int64, lengths 1..T per sequence. */
    public Tensor apply(Tensor emissions, Tensor tags, long[] lengths) {
        return crf.nll(emissions, tags, lengths, reduction);
    }

    /** Emissions (B, T, K), gold tags (B, T) int64, and a (B, T) mask of leading ones. */
    public Tensor apply(Tensor emissions, Tensor tags, Tensor mask) {
        return crf.nll(emissions, tags, mask, reduction);
    }
}
