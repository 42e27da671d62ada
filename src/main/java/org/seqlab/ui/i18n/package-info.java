/**
 * The UI's languages: {@link org.seqlab.ui.i18n.Language} (English, 简体中文) and
 * {@link org.seqlab.ui.i18n.I18n}, which serves the text of the bundles
 * {@code org/seqlab/ui/i18n/messages.properties} and {@code messages_zh_CN.properties} as live bindings.
 * Every piece of text a user reads in the app comes from these bundles.
 *
 * <p>May depend on JavaFX beans (javafx-base) and the JDK only; every view may use it.
 */
package org.seqlab.ui.i18n;
