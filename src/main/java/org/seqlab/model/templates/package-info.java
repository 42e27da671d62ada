/**
 * The classic models of the curriculum as graphs built from config presets: language models, classifiers,
 * seq2seq with attention, the Transformer, BERT-like and GPT-like models, taggers with a CRF.
 *
 * <p>May depend on {@code model.graph} (and through the block kinds, on {@code nn}).
 */
package org.seqlab.model.templates;
