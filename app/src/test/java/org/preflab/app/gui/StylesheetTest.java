package org.preflab.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import javafx.css.CssParser;
import javafx.css.Stylesheet;
import org.junit.jupiter.api.Test;

/** The one stylesheet parses cleanly: a lost brace silently swallows every rule after it. */
class StylesheetTest {
    @Test
    void stylesheetParsesWithoutErrorsAndKeepsItsRules() throws Exception {
        URL css = StylesheetTest.class.getResource("/org/preflab/app/gui/preflab.css");
        CssParser.errorsProperty().clear();
        Stylesheet sheet = new CssParser().parse(css);
        List<String> errors = CssParser.errorsProperty().stream().map(Object::toString).toList();
        assertEquals(List.of(), errors);
        List<String> selectors = sheet.getRules().stream().flatMap(r -> r.getSelectors().stream())
                .map(Object::toString).toList();
        for (String wanted : List.of("start-title", "teaching-formula", "field-error", "view-title")) {
            assertTrue(selectors.stream().anyMatch(s -> s.contains(wanted)), wanted + " not in " + selectors);
        }
    }
}
