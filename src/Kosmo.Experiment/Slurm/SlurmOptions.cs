namespace Kosmo.Experiment.Slurm;

/// <summary>How <c>kosmo run --executor slurm</c> asks Slurm for resources.</summary>
/// <param name="Partition">Partition (<c>--partition</c>); null = the cluster's default.</param>
/// <param name="CpusPerTask">CPUs per array task (<c>--cpus-per-task</c>); also the cells' thread count unless --threads says otherwise.</param>
/// <param name="Memory">Memory per task (<c>--mem</c>, e.g. 6G).</param>
/// <param name="Time">Time limit per task (<c>--time</c>, e.g. 02:00:00); null = the partition's.</param>
/// <param name="MaxParallel">Most array tasks running at once (<c>%K</c> of <c>--array</c>); null = no limit.</param>
/// <param name="ExtraArgs">More <c>sbatch</c> arguments, passed as they are to both jobs (e.g. <c>--account=lab</c>).</param>
/// <param name="DryRun">Write the scripts and print the sbatch commands without submitting.</param>
internal sealed record SlurmOptions(string? Partition, int CpusPerTask, string Memory, string? Time, int? MaxParallel, IReadOnlyList<string> ExtraArgs, bool DryRun);
