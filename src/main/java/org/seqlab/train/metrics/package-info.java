/**
 * Metrics: accuracy, perplexity, entity-level precision / recall / F1 as conlleval and seqeval count them, and
 * corpus BLEU as sacreBLEU computes it by default. Plain Java over ids and strings, each tested on hand-worked
 * cases.
 *
 * <p>May depend on the root package only.
 */
package org.seqlab.train.metrics;
