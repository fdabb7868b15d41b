package org.preflab.app.gui.dataset;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * A preference file: the searchable table of its pairs (virtualised: only visible rows have cells), the selected
 * pair in full, the validation report (click an item to select its lines) and the length histogram.
 */
public final class DatasetView extends BorderPane {
    private final DatasetViewModel vm;
    private final TableView<PairRow> table = new TableView<>();
    private final ListView<ReportItem> report = new ListView<>();

    public DatasetView(DatasetViewModel vm) {
        this.vm = vm;
        setId("dataset-view");
        setPadding(new Insets(12, 16, 12, 16));
        setTop(header());

        table.setId("dataset-table");
        // each load or filter brings a new list (made off the JavaFX thread); it sorts as the table's columns say
        table.setItems(vm.rows());
        vm.rowsProperty().addListener((o, old, list) -> {
            old.comparatorProperty().unbind();
            list.comparatorProperty().bind(table.comparatorProperty());
            table.setItems(list);
        });
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(intColumn());
        table.getColumns().add(textColumn("Prompt", PairRow::prompt, 300));
        table.getColumns().add(textColumn("Chosen", PairRow::chosen, 240));
        table.getColumns().add(textColumn("Rejected", PairRow::rejected, 240));
        TableColumn<PairRow, String> problem = textColumn("Problem", r -> r.problem() == null ? "" : r.problem(), 200);
        problem.visibleProperty().bind(vm.badRowsProperty().greaterThan(0)); // no empty column for a clean file
        table.getColumns().add(problem);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(PairRow r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().remove("bad-row");
                if (!empty && r != null && r.bad()) {
                    getStyleClass().add("bad-row");
                }
            }
        });
        ProgressIndicator reading = new ProgressIndicator();
        reading.setMaxSize(48, 48);
        table.setPlaceholder(new Label("No pairs match the filter."));
        reading.visibleProperty().bind(vm.loadingProperty());

        TextArea pair = new TextArea();
        pair.setId("dataset-pair");
        pair.setEditable(false);
        pair.setWrapText(true);
        pair.setPrefRowCount(7);
        pair.setPromptText("Select a row to read the whole pair.");
        table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> pair.setText(r == null ? "" : full(r)));
        SplitPane left = new SplitPane(new javafx.scene.layout.StackPane(table, reading), pair);
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.75);

        SplitPane center = new SplitPane(left, side());
        center.setDividerPositions(0.62);
        setCenter(center);
    }

    private VBox header() {
        Label title = new Label(vm.file().getFileName().toString());
        title.getStyleClass().add("view-title");
        title.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the path beside it gives way, not the name
        Label path = new Label(vm.file().toString());
        path.getStyleClass().addAll("mono", "view-subtitle");
        Label summary = bound(vm.summaryProperty(), "dataset-summary");
        Label error = bound(vm.errorProperty(), "dataset-error");
        error.getStyleClass().add("error-text");
        Label note = bound(vm.noteProperty(), null);
        note.getStyleClass().add("warning-text");
        TextField search = new TextField();
        search.setId("dataset-filter");
        search.setPromptText("Filter: text in prompt, chosen, rejected or problem (a number also finds that line)");
        search.textProperty().bindBidirectional(vm.filterProperty());
        HBox.setHgrow(search, Priority.ALWAYS);
        Label shown = new Label();
        shown.setId("dataset-shown");
        shown.textProperty().bind(vm.shownProperty().asString("%,d").concat(" of ")
                .concat(javafx.beans.binding.Bindings.createStringBinding(() -> String.format("%,d", vm.totalRows()),
                        vm.shownProperty())).concat(" rows shown"));
        HBox searchRow = new HBox(10, search, shown);
        searchRow.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(4, new HBox(12, title, path), summary, error, note, searchRow);
        ((HBox) box.getChildren().get(0)).setAlignment(Pos.BASELINE_LEFT);
        box.setPadding(new Insets(0, 0, 10, 0));
        return box;
    }

    private VBox side() {
        Label reportTitle = new Label("Validation report");
        reportTitle.getStyleClass().add("section-title");
        report.setId("dataset-report");
        report.setItems(vm.report());
        report.setPlaceholder(new Label("checking every record..."));
        report.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ReportItem item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("report-error", "report-warning", "report-note");
                setText(empty || item == null ? null : item.text());
                setWrapText(true);
                setPrefWidth(0); // wrap to the list's width instead of widening it
                if (!empty && item != null) {
                    getStyleClass().add("report-" + item.severity().name().toLowerCase(java.util.Locale.ROOT));
                }
            }
        });
        report.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> reveal(item));
        report.setPrefHeight(190);
        report.setMinHeight(90);
        Label lengthsTitle = new Label("Lengths");
        lengthsTitle.getStyleClass().add("section-title");
        LengthChart chart = new LengthChart();
        vm.lengthsProperty().addListener((o, a, s) -> chart.show(s));
        Label limits = bound(vm.limitsProperty(), "dataset-limits");
        VBox side = new VBox(8, reportTitle, report, lengthsTitle, chart, limits);
        VBox.setVgrow(chart, Priority.ALWAYS);
        side.setPadding(new Insets(0, 0, 0, 10));
        side.setMinWidth(360);
        return side;
    }

    /** Selects the rows of a report item's lines (the filter is cleared when it hides them). */
    private void reveal(ReportItem item) {
        if (item == null || item.lines().isEmpty()) {
            return;
        }
        table.getSelectionModel().clearSelection();
        int first = -1;
        for (int line : item.lines().subList(0, Math.min(1000, item.lines().size()))) {
            int i = vm.viewIndexOf(line);
            if (i >= 0) {
                table.getSelectionModel().select(i);
                first = first < 0 ? i : first;
            }
        }
        if (first >= 0) {
            table.scrollTo(Math.max(0, first - 2));
        }
    }

    public TableView<PairRow> table() {
        return table;
    }

    public ListView<ReportItem> reportList() {
        return report;
    }

    private static String full(PairRow r) {
        String head = "line " + r.line() + (r.bad() ? "  (bad: " + r.problem() + ")" : "");
        return r.bad() ? head + "\n\n" + r.prompt()
                : head + "\n\nPROMPT\n" + r.prompt() + "\n\nCHOSEN\n" + r.chosen() + "\n\nREJECTED\n" + r.rejected();
    }

    private static Label bound(javafx.beans.value.ObservableStringValue text, String id) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.textProperty().bind(text);
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        return l;
    }

    private static TableColumn<PairRow, Number> intColumn() {
        TableColumn<PairRow, Number> c = new TableColumn<>("Line");
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().line()));
        c.setPrefWidth(64);
        c.setMinWidth(56);
        c.setMaxWidth(90);
        return c;
    }

    private static TableColumn<PairRow, String> textColumn(String title, Function<PairRow, String> text, double width) {
        TableColumn<PairRow, String> c = new TableColumn<>(title);
        // one line per cell: newlines would make rows of different heights, which slows a virtualised table
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(oneLine(text.apply(d.getValue()))));
        c.setPrefWidth(width);
        return c;
    }

    private static String oneLine(String s) {
        String t = s.length() > 400 ? s.substring(0, 400) : s;
        return t.indexOf('\n') < 0 ? t : t.replace('\n', ' ');
    }
}
