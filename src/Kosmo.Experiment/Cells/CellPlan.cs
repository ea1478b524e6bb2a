using System.Text.Json;
using System.Text.Json.Nodes;
using Kosmo.Core.IO;

namespace Kosmo.Experiment.Cells;

/// <summary>
/// Every cell of a run with a stable index, written to <c>RUN/plan.json</c> by every <c>kosmo run</c> (and printed by
/// <c>--plan</c>). The index is what a scheduler's array task receives (<c>--only-cell I</c>); it depends only on the
/// config (models, trials, folds), so the same config always numbers its cells the same way.
/// </summary>
internal sealed class CellPlan
{
    /// <summary>The plan's file name inside the run folder.</summary>
    public const string FileName = RunLayout.PlanFile;

    private CellPlan(IReadOnlyList<PlannedCell> cells) => Cells = cells;

    /// <summary>The cells in index order.</summary>
    public IReadOnlyList<PlannedCell> Cells { get; }

    /// <summary>Builds the plan: fold-major (fold 0's models first), then the run's model order.</summary>
    /// <param name="models">Model names in run order (main model per trial, then the baselines).</param>
    /// <param name="trialOf">The sweep trial of a model name (null for baselines).</param>
    /// <param name="folds">(index, name) of each fold.</param>
    /// <param name="trialDir">The trial folder relative to the run folder (e.g. trials/trial-000).</param>
    /// <param name="samples">The sample counts of (model, fold), or null when unknown.</param>
    public static CellPlan Build(IReadOnlyList<string> models, Func<string, int?> trialOf, IReadOnlyList<(int Index, string Name)> folds, string trialDir, Func<string, int, CellSamples?>? samples = null)
    {
        var cells = new List<PlannedCell>(models.Count * folds.Count);
        foreach (var (fold, foldName) in folds)
        {
            foreach (var model in models)
            {
                cells.Add(new PlannedCell(cells.Count, model, trialOf(model), fold, foldName, $"{trialDir}/{RunLayout.FoldsFolder}/{model}/{RunLayout.FoldName(fold)}", samples?.Invoke(model, fold)));
            }
        }

        return new CellPlan(cells);
    }

    /// <summary>Whether the cell has finished (its <c>done</c> marker and predictions exist).</summary>
    public static bool IsDone(string runDir, PlannedCell cell) =>
        File.Exists(RunLayout.Done(Path.Combine(runDir, cell.Dir))) && File.Exists(RunLayout.Predictions(Path.Combine(runDir, cell.Dir)));

    /// <summary>Whether an unfinished cell has an epoch checkpoint to resume from.</summary>
    public static bool HasCheckpoint(string runDir, PlannedCell cell) => File.Exists(RunLayout.Checkpoint(Path.Combine(runDir, cell.Dir)));

    /// <summary>Parses a cell selection such as <c>3</c>, <c>0,5,7</c> or <c>2-9</c> against a plan of <paramref name="count"/> cells.</summary>
    /// <exception cref="ArgumentException">An index outside the plan or a malformed list.</exception>
    public static IReadOnlySet<int> ParseSelection(string text, int count)
    {
        var set = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', 1);
            var (lo, hi) = dash > 0 ? (Parse(part[..dash]), Parse(part[(dash + 1)..])) : (Parse(part), Parse(part));
            if (lo > hi || lo < 0 || hi >= count)
            {
                throw new ArgumentException($"--only-cell '{text}': cell {(lo < 0 || lo >= count ? lo : hi)} is outside the plan (cells 0-{count - 1}; see RUN/plan.json or --plan)");
            }

            for (var i = lo; i <= hi; i++)
            {
                set.Add(i);
            }
        }

        return set.Count > 0 ? set : throw new ArgumentException($"--only-cell '{text}': no cell index given");

        int Parse(string s) => int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ArgumentException($"--only-cell '{text}': '{s}' is not a cell index");
    }

    /// <summary>Writes <c>RUN/plan.json</c> (temp file + rename).</summary>
    public void Write(string runDir)
    {
        var array = new JsonArray();
        foreach (var c in Cells)
        {
            var cell = new JsonObject
            {
                ["index"] = c.Index,
                ["model"] = c.Model,
                ["trial"] = c.Trial,
                ["fold"] = c.Fold,
                ["fold_name"] = c.FoldName,
                ["dir"] = c.Dir,
            };
            if (c.Samples is { } s)
            {
                cell["train_samples"] = s.Train;
                cell["validation_samples"] = s.Validation;
                cell["test_samples"] = s.Test;
            }

            array.Add(cell);
        }

        var root = new JsonObject { ["cells"] = array };
        var path = RunLayout.Plan(runDir);
        AtomicFile.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Reads <c>RUN/plan.json</c>.</summary>
    /// <exception cref="FileNotFoundException">The run folder has no plan (run <c>kosmo run --plan</c> first).</exception>
    public static CellPlan Read(string runDir)
    {
        var path = RunLayout.Plan(runDir);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no cell plan; create it with 'kosmo run --config CONFIG --out {runDir} --plan'", path);
        }

        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var cells = root["cells"]!.AsArray().Select(n => new PlannedCell(
            (int)n!["index"]!,
            (string)n["model"]!,
            (int?)n["trial"],
            (int)n["fold"]!,
            (string)n["fold_name"]!,
            (string)n["dir"]!,
            n["train_samples"] is null ? null : new CellSamples((int)n["train_samples"]!, (int)n["validation_samples"]!, (int)n["test_samples"]!))).ToList();
        return new CellPlan(cells);
    }
}
