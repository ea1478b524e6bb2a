namespace Kosmo.Core.IO;

/// <summary>
/// The run-folder contract (DESIGN.md "The run folder", docs/run-folder.md): every file and folder name of a run
/// folder and the paths built from them, so that the run (Experiment), the model evaluation (Models), the backtest,
/// the report and the command line agree on one layout. It lives in Kosmo.Core because every one of those projects
/// references Core (Backtest nothing else, Reports only Backtest besides). Paths are built with <see cref="Path.Combine(string, string)"/>
/// from the run folder as given (relative stays relative); nothing here touches the disk.
/// <code>
/// RUN/config.yaml metrics.json timing.json plan.json predictions.csv labels.csv equity.csv trades.csv report.html ...
/// RUN/trials/trial-000/folds/MODEL/fold-N/   one cell: done, predictions.csv, checkpoint.bin, training_log.csv ...
/// RUN/oot/                                   the out-of-time test: predictions.csv, labels.csv, cells/NAME/
/// RUN/models/ID/                             fitted model sets for live prediction (models/current names the newest)
/// RUN/slurm/                                 the Slurm executor's scripts, ledger and logs
/// </code>
/// </summary>
public static class RunLayout
{
    /// <summary>The resolved experiment config.</summary>
    public const string ConfigFile = "config.yaml";

    /// <summary>The metrics, one top-level section per stage (<see cref="MetricsJsonFile"/>).</summary>
    public const string MetricsFile = "metrics.json";

    /// <summary>Wall and CPU seconds and memory per step and cell.</summary>
    public const string TimingFile = "timing.json";

    /// <summary>The cell plan (every fold × model cell and its folder).</summary>
    public const string PlanFile = "plan.json";

    /// <summary>Class probabilities, one row per (date, code, model); also one per cell and one under oot/.</summary>
    public const string PredictionsFile = "predictions.csv";

    /// <summary>The labels of the test rows; also one under oot/.</summary>
    public const string LabelsFile = "labels.csv";

    /// <summary>Equity per strategy and benchmark and date.</summary>
    public const string EquityFile = "equity.csv";

    /// <summary>Every fill of every strategy.</summary>
    public const string TradesFile = "trades.csv";

    /// <summary>Strategy results per account size.</summary>
    public const string CapacityFile = "capacity.csv";

    /// <summary>Daily gross and net returns, turnover, costs and holdings per strategy.</summary>
    public const string BacktestDailyFile = "backtest_daily.csv";

    /// <summary>The self-contained HTML report.</summary>
    public const string ReportFile = "report.html";

    /// <summary>Per-epoch training log (per cell, and all cells gathered at the top).</summary>
    public const string TrainingLogFile = "training_log.csv";

    /// <summary>TFT attention by lag (per cell, and gathered at the top).</summary>
    public const string AttentionFile = "attention.csv";

    /// <summary>Variable importance (per cell, and gathered at the top).</summary>
    public const string VariableImportanceFile = "variable_importance.csv";

    /// <summary>The meta-labeling stage's predictions.</summary>
    public const string MetaPredictionsFile = "meta_predictions.csv";

    /// <summary>The CPCV backtest paths' results (split.scheme: cpcv).</summary>
    public const string CpcvPathsFile = "cpcv_paths.csv";

    /// <summary>The fitted feature processors of the run (and of each model set).</summary>
    public const string ProcessorsFile = "processors.json";

    /// <summary>A cell's completion marker (written last; a cell without it is computed again).</summary>
    public const string DoneFile = "done";

    /// <summary>A window model's weights in a cell or model set.</summary>
    public const string CheckpointFile = "checkpoint.bin";

    /// <summary>A LightGBM model's text in a cell or model set entry.</summary>
    public const string LightGbmModelFile = "lightgbm_model.txt";

    /// <summary>A tabular model's JSON in a model set entry.</summary>
    public const string TabularModelFile = "model.json";

    /// <summary>An out-of-time cell's settings key (a cell whose key differs is computed again).</summary>
    public const string SettingsFile = "settings";

    /// <summary>An out-of-time cell's epoch-selection weights.</summary>
    public const string SelectionCheckpointFile = "selection.bin";

    /// <summary>An out-of-time cell's epoch-selection training log.</summary>
    public const string SelectionLogFile = "selection_log.csv";

    /// <summary>An out-of-time cell's selected epoch count.</summary>
    public const string SelectedEpochFile = "selected_epoch";

    /// <summary>An out-of-time cell's validation losses of the epoch selection.</summary>
    public const string SelectionLossesFile = "selection_losses";

    /// <summary>A model set's manifest.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>The pointer file naming the current model set (under <see cref="ModelsFolder"/>).</summary>
    public const string CurrentModelSetFile = "current";

    /// <summary>The start of a cell folder's name (fold-N).</summary>
    public const string FoldPrefix = "fold-";

    /// <summary>The Slurm executor's ledger of submissions (under <see cref="SlurmFolder"/>).</summary>
    public const string SlurmJobsFile = "jobs.json";

    /// <summary>The Slurm array script computing one cell per task (under <see cref="SlurmFolder"/>).</summary>
    public const string SlurmCellScriptFile = "cell.sh";

    /// <summary>The Slurm script gathering the cells (under <see cref="SlurmFolder"/>).</summary>
    public const string SlurmGatherScriptFile = "gather.sh";

    /// <summary>A re-run backtest's summary table (under <see cref="BacktestFolder"/> or the chosen output folder).</summary>
    public const string BacktestSummaryCsvFile = "summary.csv";

    /// <summary>The same summary as a Markdown table.</summary>
    public const string BacktestSummaryMarkdownFile = "summary.md";

    /// <summary>The folder of the sweep trials.</summary>
    public const string TrialsFolder = "trials";

    /// <summary>The folder of a trial's cells, one sub-folder per model.</summary>
    public const string FoldsFolder = "folds";

    /// <summary>The folder of the out-of-time test.</summary>
    public const string OotFolder = "oot";

    /// <summary>The folder of the fitted model sets.</summary>
    public const string ModelsFolder = "models";

    /// <summary>The folder of the Slurm executor.</summary>
    public const string SlurmFolder = "slurm";

    /// <summary>The folder of the Slurm job logs (under <see cref="SlurmFolder"/>).</summary>
    public const string SlurmLogsFolder = "logs";

    /// <summary>The default folder of <c>kosmo backtest</c>'s re-run backtests.</summary>
    public const string BacktestFolder = "backtest";

    /// <summary>RUN/config.yaml.</summary>
    public static string Config(string runDir) => Path.Combine(runDir, ConfigFile);

    /// <summary>RUN/metrics.json.</summary>
    public static string Metrics(string runDir) => Path.Combine(runDir, MetricsFile);

    /// <summary>RUN/timing.json.</summary>
    public static string Timing(string runDir) => Path.Combine(runDir, TimingFile);

    /// <summary>RUN/plan.json.</summary>
    public static string Plan(string runDir) => Path.Combine(runDir, PlanFile);

    /// <summary>DIR/predictions.csv (DIR: the run folder, a cell folder or the oot folder).</summary>
    public static string Predictions(string dir) => Path.Combine(dir, PredictionsFile);

    /// <summary>DIR/labels.csv (DIR: the run folder or the oot folder).</summary>
    public static string Labels(string dir) => Path.Combine(dir, LabelsFile);

    /// <summary>RUN/equity.csv.</summary>
    public static string Equity(string runDir) => Path.Combine(runDir, EquityFile);

    /// <summary>RUN/trades.csv.</summary>
    public static string Trades(string runDir) => Path.Combine(runDir, TradesFile);

    /// <summary>RUN/capacity.csv.</summary>
    public static string Capacity(string runDir) => Path.Combine(runDir, CapacityFile);

    /// <summary>RUN/backtest_daily.csv.</summary>
    public static string BacktestDaily(string runDir) => Path.Combine(runDir, BacktestDailyFile);

    /// <summary>RUN/report.html.</summary>
    public static string Report(string runDir) => Path.Combine(runDir, ReportFile);

    /// <summary>DIR/training_log.csv (DIR: the run folder or a cell folder).</summary>
    public static string TrainingLog(string dir) => Path.Combine(dir, TrainingLogFile);

    /// <summary>DIR/attention.csv (DIR: the run folder or a cell folder).</summary>
    public static string Attention(string dir) => Path.Combine(dir, AttentionFile);

    /// <summary>DIR/variable_importance.csv (DIR: the run folder or a cell folder).</summary>
    public static string VariableImportance(string dir) => Path.Combine(dir, VariableImportanceFile);

    /// <summary>RUN/meta_predictions.csv.</summary>
    public static string MetaPredictions(string runDir) => Path.Combine(runDir, MetaPredictionsFile);

    /// <summary>RUN/cpcv_paths.csv.</summary>
    public static string CpcvPaths(string runDir) => Path.Combine(runDir, CpcvPathsFile);

    /// <summary>DIR/processors.json (DIR: the run folder or a model set).</summary>
    public static string Processors(string dir) => Path.Combine(dir, ProcessorsFile);

    /// <summary>CELL/done.</summary>
    public static string Done(string cellDir) => Path.Combine(cellDir, DoneFile);

    /// <summary>DIR/checkpoint.bin (DIR: a cell folder or a model set entry).</summary>
    public static string Checkpoint(string dir) => Path.Combine(dir, CheckpointFile);

    /// <summary>RUN/trials.</summary>
    public static string Trials(string runDir) => Path.Combine(runDir, TrialsFolder);

    /// <summary>RUN/trials/trial-NNN (three digits).</summary>
    public static string Trial(string runDir, int index) => Path.Combine(runDir, TrialsFolder, TrialName(index));

    /// <summary>The folder name of trial <paramref name="index"/>: trial-NNN.</summary>
    public static string TrialName(int index) => $"trial-{index:D3}";

    /// <summary>TRIAL/folds.</summary>
    public static string Folds(string trialDir) => Path.Combine(trialDir, FoldsFolder);

    /// <summary>TRIAL/folds/MODEL: one model's cells.</summary>
    public static string ModelCells(string trialDir, string model) => Path.Combine(trialDir, FoldsFolder, model);

    /// <summary>The folder name of fold <paramref name="fold"/>'s cell: <see cref="FoldPrefix"/>N.</summary>
    public static string FoldName(int fold) => FoldPrefix + fold.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>TRIAL/folds/MODEL/fold-N: one (model, fold) cell.</summary>
    public static string Cell(string trialDir, string model, int fold) => Path.Combine(trialDir, FoldsFolder, model, FoldName(fold));

    /// <summary>RUN/oot.</summary>
    public static string Oot(string runDir) => Path.Combine(runDir, OotFolder);

    /// <summary>RUN/oot/cells/NAME: one model's out-of-time cell.</summary>
    public static string OotCell(string runDir, string name) => Path.Combine(runDir, OotFolder, "cells", name);

    /// <summary>RUN/models.</summary>
    public static string Models(string runDir) => Path.Combine(runDir, ModelsFolder);

    /// <summary>RUN/models/ID: one fitted model set.</summary>
    public static string ModelSet(string runDir, string id) => Path.Combine(runDir, ModelsFolder, id);

    /// <summary>RUN/models/current: names the current model set.</summary>
    public static string CurrentModelSet(string runDir) => Path.Combine(runDir, ModelsFolder, CurrentModelSetFile);

    /// <summary>SET/manifest.json.</summary>
    public static string Manifest(string setDir) => Path.Combine(setDir, ManifestFile);

    /// <summary>RUN/slurm.</summary>
    public static string Slurm(string runDir) => Path.Combine(runDir, SlurmFolder);

    /// <summary>RUN/slurm/logs.</summary>
    public static string SlurmLogs(string runDir) => Path.Combine(runDir, SlurmFolder, SlurmLogsFolder);

    /// <summary>RUN/backtest: where <c>kosmo backtest</c> writes without --out.</summary>
    public static string Backtest(string runDir) => Path.Combine(runDir, BacktestFolder);
}
