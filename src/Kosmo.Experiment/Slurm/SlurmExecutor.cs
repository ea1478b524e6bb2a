using System.Globalization;
using System.Reflection;
using System.Text;
using Kosmo.Experiment.Config;
using Kosmo.Experiment.Cells;
using Kosmo.Core.IO;

namespace Kosmo.Experiment.Slurm;

/// <summary>
/// <c>kosmo run --executor slurm</c>: prepares the run once here (the plan), then submits one Slurm job array whose
/// task I computes cell I (<c>kosmo run --only-cell I --resume</c>) and a gather job (<c>--resume --gather</c>,
/// <c>afterok</c> on the array) that evaluates, backtests and reports. Returns as soon as both are queued. A second
/// submission of the same run folder submits only the cells that are neither finished nor still queued; a cell
/// killed mid-training resumes from its epoch checkpoint. The scripts stay in <c>RUN/slurm/</c> for people to read
/// and resubmit by hand; <c>RUN/slurm/jobs.json</c> records every submission for <c>kosmo status</c>.
/// </summary>
internal static class SlurmExecutor
{
    /// <summary>Prepares, writes the scripts and submits. Returns the process exit code (0: submitted, or nothing left to submit).</summary>
    /// <param name="trials">The experiment's trials.</param>
    /// <param name="runArgs">The <c>kosmo run</c> arguments every job repeats (config, data, db, threads: absolute paths).</param>
    /// <param name="runDir">The run folder (absolute).</param>
    /// <param name="options">Slurm resources.</param>
    /// <param name="progress">Progress lines.</param>
    /// <param name="cancel">Ctrl-C.</param>
    public static int Submit(IReadOnlyList<ExperimentConfig> trials, IReadOnlyList<string> runArgs, string runDir, SlurmOptions options, IRunProgress progress, CancellationToken cancel)
    {
        new ExperimentRunner(trials, runDir, new RunOptions(Resume: true, OnlyFold: null, PlanOnly: true), new QuietPlanProgress(progress)).Run(cancel);
        var plan = CellPlan.Read(runDir);
        var submissions = SlurmLedger.Read(runDir);
        var latest = SlurmLedger.LatestByCell(submissions);
        var states = submissions.Count > 0 ? SlurmClient.States(submissions.SelectMany(s => new[] { s.ArrayJob, s.GatherJob })) : [];
        var queued = plan.Cells.Where(c => !CellPlan.IsDone(runDir, c) && latest.TryGetValue(c.Index, out var s) && SlurmClient.IsActive(states.GetValueOrDefault($"{s.ArrayJob}_{c.Index}"))).Select(c => c.Index).ToList();
        var missing = plan.Cells.Where(c => !CellPlan.IsDone(runDir, c) && !queued.Contains(c.Index)).Select(c => c.Index).ToList();
        var done = plan.Cells.Count - missing.Count - queued.Count;
        progress.Status($"plan: {plan.Cells.Count} cells; {done} done, {queued.Count} still queued, {missing.Count} to submit");
        if (missing.Count == 0 && queued.Count > 0)
        {
            progress.Status("every unfinished cell is queued already: nothing submitted (kosmo status RUN shows them)");
            return 0;
        }

        var dir = SlurmLedger.Dir(runDir);
        Directory.CreateDirectory(RunLayout.SlurmLogs(runDir));
        var cellScript = Path.Combine(dir, RunLayout.SlurmCellScriptFile);
        var gatherScript = Path.Combine(dir, RunLayout.SlurmGatherScriptFile);
        WriteScript(cellScript, Script(runDir, runArgs, options, "kosmo-cells", "cell-%a-%A.out", cell: true));
        WriteScript(gatherScript, Script(runDir, runArgs, options, "kosmo-gather", "gather-%j.out", cell: false));

        var extra = options.ExtraArgs;
        var arrayArgs = missing.Count == 0 ? null : new List<string>
        {
            "--parsable",
            $"--array={SlurmClient.ArraySpec(missing)}{(options.MaxParallel is { } k ? $"%{k}" : "")}",
        }.Concat(extra).ToList();
        var gatherArgs = new List<string> { "--parsable", "--kill-on-invalid-dep=yes" }.Concat(extra).ToList();
        if (options.DryRun)
        {
            if (arrayArgs is not null)
            {
                progress.Status($"would submit: sbatch {string.Join(' ', arrayArgs)} {cellScript}");
            }

            progress.Status($"would submit: sbatch {string.Join(' ', gatherArgs)}{(arrayArgs is null ? "" : " --dependency=afterok:<array job>")} {gatherScript}");
            return 0;
        }

        var arrayJob = arrayArgs is null ? "" : SlurmClient.Submit(arrayArgs, cellScript);
        if (arrayArgs is not null)
        {
            gatherArgs.Add($"--dependency=afterok:{arrayJob}");
        }

        var gatherJob = SlurmClient.Submit(gatherArgs, gatherScript);
        SlurmLedger.Append(runDir, new SlurmSubmission(arrayJob, gatherJob, missing, DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
        if (arrayArgs is not null)
        {
            progress.Status($"submitted array job {arrayJob}: {missing.Count} cell(s) [{SlurmClient.ArraySpec(missing)}], logs {Path.Combine(RunLayout.SlurmLogs(runDir), $"cell-I-{arrayJob}.out")}");
        }

        progress.Status($"submitted gather job {gatherJob}{(arrayArgs is null ? "" : $" (afterok:{arrayJob})")}, log {SlurmLedger.GatherLog(runDir, gatherJob)}");
        progress.Status($"follow with: kosmo status {runDir}");
        return 0;
    }

    /// <summary>How a job starts Kosmo: <c>KOSMO_COMMAND</c> if set, else this very executable (<c>dotnet kosmo.dll</c> or the apphost).</summary>
    public static string KosmoCommand()
    {
        if (Environment.GetEnvironmentVariable("KOSMO_COMMAND") is { Length: > 0 } command)
        {
            return command;
        }

        var process = Environment.ProcessPath ?? "dotnet";
        var entry = Assembly.GetEntryAssembly()?.Location ?? Path.Combine(AppContext.BaseDirectory, "kosmo.dll");
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? $"{Quote(process)} {Quote(entry)}" : Quote(process);
    }

    private static string Script(string runDir, IReadOnlyList<string> runArgs, SlurmOptions o, string name, string log, bool cell)
    {
        var sb = new StringBuilder();
        sb.Append("#!/usr/bin/env bash\n");
        sb.Append(cell
            ? "# Kosmo: array task I computes cell I of RUN/plan.json, then stops (written by kosmo run --executor slurm).\n# Resubmit cells by hand with: sbatch --array=LIST " + Path.Combine(SlurmLedger.Dir(runDir), RunLayout.SlurmCellScriptFile) + "\n"
            : "# Kosmo: evaluates, backtests and reports once every cell is done; refuses and names missing cells otherwise.\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={name}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={o.CpusPerTask}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --mem={o.Memory}\n");
        if (o.Time is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={o.Time}\n");
        }

        if (o.Partition is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={o.Partition}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Path.Combine(RunLayout.SlurmLogs(runDir), log)}\n");
        sb.Append("set -euo pipefail\n");
        sb.Append(CultureInfo.InvariantCulture, $"cd {Quote(Directory.GetCurrentDirectory())}\n");
        var args = string.Join(' ', runArgs.Select(Quote));
        if (cell)
        {
            sb.Append("echo \"kosmo cell ${SLURM_ARRAY_TASK_ID} (job ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}) on $(hostname) at $(date -u +%FT%TZ)\"\n");
            sb.Append(CultureInfo.InvariantCulture, $"exec {KosmoCommand()} run {args} --out {Quote(runDir)} --resume --only-cell \"$SLURM_ARRAY_TASK_ID\"\n");
        }
        else
        {
            sb.Append("echo \"kosmo gather (job ${SLURM_JOB_ID}) on $(hostname) at $(date -u +%FT%TZ)\"\n");
            sb.Append(CultureInfo.InvariantCulture, $"exec {KosmoCommand()} run {args} --out {Quote(runDir)} --resume --gather\n");
        }

        return sb.ToString();
    }

    private static void WriteScript(string path, string text)
    {
        AtomicFile.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    private static string Quote(string s) => s.Length > 0 && s.All(ch => char.IsAsciiLetterOrDigit(ch) || "-_./=:,+@%".Contains(ch)) ? s : "'" + s.Replace("'", "'\\''") + "'";

    /// <summary>Passes step lines on but drops the per-cell listing of the plan.</summary>
    private sealed class QuietPlanProgress(IRunProgress inner) : IRunProgress
    {
        public void BeginStep(string name) => inner.BeginStep(name);

        public void EndStep(string name, TimeSpan elapsed) => inner.EndStep(name, elapsed);

        public void Status(string message)
        {
            if (!message.StartsWith("cell ", StringComparison.Ordinal))
            {
                inner.Status(message);
            }
        }

        public void Advance(int done, int total) => inner.Advance(done, total);

        public void Training(string model, int epoch, int epochs, double fraction, double loss, double samplesPerSecond) => inner.Training(model, epoch, epochs, fraction, loss, samplesPerSecond);
    }
}
