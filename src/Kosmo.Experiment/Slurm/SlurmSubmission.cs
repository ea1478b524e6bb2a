namespace Kosmo.Experiment.Slurm;

/// <summary>One submission of a run folder's cells: the job array, its gather job and the cells it covered.</summary>
/// <param name="ArrayJob">Slurm job id of the array (task I of it computes cell I).</param>
/// <param name="GatherJob">Slurm job id of the gather job (afterok on the array).</param>
/// <param name="Cells">The cell indices submitted.</param>
/// <param name="Submitted">When (UTC, ISO 8601).</param>
internal sealed record SlurmSubmission(string ArrayJob, string GatherJob, IReadOnlyList<int> Cells, string Submitted);
