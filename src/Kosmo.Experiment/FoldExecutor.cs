using System.Text;
using Kosmo.Core.IO;
using Kosmo.Models.RunFolder;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment;

/// <summary>
/// Runs every (model, fold) cell, caching each in <c>RUN/trials/trial-000/folds/MODEL/fold-N/</c> with a <c>done</c>
/// marker written last, so an interrupted run resumes where it stopped and independent jobs can compute cells
/// (see docs/scaling.md).
/// </summary>
internal static class FoldExecutor
{
    /// <summary>Computes (or loads) the cells; returns their test predictions by model (in the order of the plan's first cell of each model).</summary>
    /// <param name="run">The run (cell folders; the per-cell memory readings are added to it).</param>
    /// <param name="prepared">The prepare stage's record.</param>
    /// <param name="models">The run's models.</param>
    /// <param name="foldsOf">The folds of a model (a sweep over model.max_train_samples gives trials their own training draws).</param>
    /// <param name="plan">The run's cell plan (models × folds, indexed).</param>
    /// <param name="selection">Cell indices to compute (scatter mode: --only-cell, --only-fold); null = every cell.</param>
    /// <param name="requireDone">Gather mode: compute nothing, load every cell, and fail naming the unfinished ones.</param>
    /// <param name="status">Progress lines.</param>
    /// <param name="advance">Progress counter (done, total).</param>
    /// <param name="cancel">Ctrl-C.</param>
    /// <exception cref="MissingCellsException">Gather mode and some cells have not finished.</exception>
    public static Dictionary<string, List<PredictionRecord>> Run(RunScope run, Prepared prepared, IReadOnlyList<IModelRunner> models, Func<string, IReadOnlyList<FoldData>> foldsOf, Cells.CellPlan plan, IReadOnlySet<int>? selection, bool requireDone, Action<string> status, Action<int, int> advance, CancellationToken cancel)
    {
        var byName = models.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var cells = plan.Cells.Where(c => selection is null || selection.Contains(c.Index)).Select(c => (Fold: foldsOf(c.Model)[c.Fold], Model: byName[c.Model])).ToList();
        if (requireDone)
        {
            var missing = plan.Cells.Where(c => !Cells.CellPlan.IsDone(run.OutDir, c)).ToList();
            if (missing.Count > 0)
            {
                throw new MissingCellsException(missing);
            }
        }

        var predictions = new Dictionary<string, List<PredictionRecord>>(StringComparer.Ordinal);
        var done = 0;
        foreach (var (fold, model) in cells)
        {
            cancel.ThrowIfCancellationRequested();
            var mark = MemoryProbe.Begin();
            var cpu = MemoryProbe.CpuSeconds();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var dir = CellDir(run.TrialDir, model.Name, fold.Index);
            var file = RunLayout.Predictions(dir);
            IReadOnlyList<PredictionRecord> rows;
            if (File.Exists(RunLayout.Done(dir)) && File.Exists(file))
            {
                status($"{model.Name} fold {fold.Name}: already computed (resume)");
                rows = PredictionsCsv.Read(file);
            }
            else
            {
                status($"{model.Name} fold {fold.Name}: train {fold.Train.Length:N0}, validate {fold.Validation.Length:N0}, test {fold.Test.Length:N0}");
                prepared.FoldFeatures?.Activate(fold.Index, status);   // purged_kfold / cpcv: this fold's market-column fits
                rows = model.Run(prepared, fold with { Seed = CellSeed(run.Config.Seed, model.Name, fold.Index) }, dir, status, cancel);
                Directory.CreateDirectory(dir);
                PredictionsCsv.Write(file, rows);
                AtomicFile.WriteAllText(RunLayout.Done(dir), "ok\n");
            }

            if (!predictions.TryGetValue(model.Name, out var list))
            {
                predictions[model.Name] = list = [];
            }

            list.AddRange(rows);

            // Each model leaves pooled tensor buffers of its own shapes behind; drop them between cells so the
            // pool does not grow with every model and batch shape of the run.
            var peak = MemoryProbe.End(mark);
            Kosmo.Tensors.TensorArena.TrimAllThreads();
            MemoryGovernor.Collect();
            run.Memory.Add(new MemoryReading($"{model.Name}/fold-{fold.Index}", Math.Round(sw.Elapsed.TotalSeconds, 2), Math.Round(MemoryProbe.CpuSeconds() - cpu, 2), MemoryProbe.Mb(peak), MemoryProbe.Mb(MemoryProbe.RssBytes()), MemoryProbe.Mb(MemoryProbe.ManagedHeapBytes())));
            advance(++done, cells.Count);
        }

        // The per-model lists grew by doubling; the gather steps hold them to the end of the run.
        foreach (var list in predictions.Values)
        {
            list.TrimExcess();
        }

        return predictions;
    }

    /// <summary>The cell folder of a model and fold in a trial folder (<see cref="RunScope.TrialDir"/>).</summary>
    public static string CellDir(string trialDir, string model, int fold) => RunLayout.Cell(trialDir, model, fold);

    /// <summary>A cell's seed: a stable function of the experiment seed, the model name and the fold (FNV-1a).</summary>
    public static int CellSeed(int seed, string model, int fold)
    {
        var h = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes($"{seed}|{model}|{fold}"))
        {
            h = (h ^ b) * 16777619u;
        }

        return (int)(h & 0x7fffffff);
    }
}
