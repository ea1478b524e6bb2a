using Kosmo.Core.IO;
using Kosmo.Models.RunFolder;

namespace Kosmo.Experiment;

/// <summary>What <see cref="ExperimentRunner.Run"/> hands back: the run, its prepared data and its final predictions.</summary>
/// <param name="Run">The run's identity and its timing and memory readings.</param>
/// <param name="Prepared">The prepare stage's record.</param>
/// <param name="Predictions">
/// Test predictions by model as the last stage that ran left them: the trained models' (after --train-only or a
/// scatter call: the cells computed), plus the ensembles and the meta-labeled signals after a full run; empty for
/// --plan-only.
/// </param>
internal sealed record RunOutcome(RunScope Run, Prepared Prepared, IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> Predictions);
