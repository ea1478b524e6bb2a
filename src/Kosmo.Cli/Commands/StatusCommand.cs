using System.CommandLine;
using Kosmo.Core.IO;
using Kosmo.Experiment.Cells;
using Kosmo.Experiment.Slurm;

namespace Kosmo.Cli.Commands;

/// <summary>
/// <c>kosmo status RUN</c>: every cell of a run folder's plan with its state (done, running, pending, failed, not
/// submitted; "checkpoint" when an unfinished cell can resume mid-training), its Slurm job and its log, then totals.
/// Done comes from the cell's own <c>done</c> marker; the other states from Slurm (<c>squeue</c>, <c>scontrol</c>) for
/// the jobs recorded in <c>RUN/slurm/jobs.json</c>. Exit codes: Ok; NotFound when the folder or its plan is missing.
/// </summary>
internal sealed class StatusCommand : ICommandModule
{
    public Command Build()
    {
        var runDir = new Argument<string>("RUN") { Description = "The run folder (its plan.json is written by kosmo run and kosmo run --plan)." };
        var all = new Option<bool>("--all") { Description = "List done cells too (by default only unfinished cells are listed, then the totals)." };
        var command = new Command("status", "Show the cells of a run folder: done / running / pending / failed, with their Slurm job ids and log paths.");
        command.Arguments.Add(runDir);
        command.Options.Add(all);
        command.SetAction(parse => Run(parse.GetValue(runDir)!, parse.GetValue(all)));
        return command;
    }

    internal static int Run(string runDir, bool all)
    {
        if (!Directory.Exists(runDir))
        {
            Console.Error.WriteLine($"error: run folder not found: {runDir}");
            return ExitCodes.NotFound;
        }

        CellPlan plan;
        try
        {
            plan = CellPlan.Read(runDir);
        }
        catch (FileNotFoundException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.NotFound;
        }

        var submissions = SlurmLedger.Read(runDir);
        var latest = SlurmLedger.LatestByCell(submissions);
        var states = submissions.Count > 0 ? SlurmClient.States(submissions.SelectMany(s => new[] { s.ArrayJob, s.GatherJob })) : [];
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        Console.WriteLine($"{"cell",5}  {"model",-24} {"fold",4}  {"state",-14} {"job",-12} log");
        foreach (var c in plan.Cells)
        {
            string state;
            string job = "-";
            string log = "-";
            if (latest.TryGetValue(c.Index, out var s) && s.ArrayJob.Length > 0)
            {
                job = $"{s.ArrayJob}_{c.Index}";
                log = SlurmLedger.CellLog(runDir, s.ArrayJob, c.Index);
            }

            if (CellPlan.IsDone(runDir, c))
            {
                state = "done";
            }
            else if (job != "-")
            {
                state = states.GetValueOrDefault(job) switch
                {
                    "PENDING" or "REQUEUED" => "pending",
                    "RUNNING" or "CONFIGURING" or "COMPLETING" => "running",
                    null when states.Count == 0 => "unknown",
                    null => "failed",
                    var other => "failed:" + other.ToLowerInvariant(),
                };
            }
            else
            {
                state = "not submitted";
            }

            var key = state.StartsWith("failed", StringComparison.Ordinal) ? "failed" : state;
            counts[key] = counts.GetValueOrDefault(key) + 1;
            if (all || state != "done")
            {
                var checkpoint = state != "done" && CellPlan.HasCheckpoint(runDir, c) ? " (checkpoint)" : "";
                Console.WriteLine($"{c.Index,5}  {c.Model,-24} {c.Fold,4}  {state + checkpoint,-14} {job,-12} {log}");
            }
        }

        Console.WriteLine($"cells: {plan.Cells.Count}; " + string.Join(", ", counts.Select(k => $"{k.Key} {k.Value}")));
        if (submissions.Count > 0)
        {
            var g = submissions[^1].GatherJob;
            Console.WriteLine($"gather job {g}: {states.GetValueOrDefault(g)?.ToLowerInvariant() ?? "finished or unknown to Slurm"}, log {SlurmLedger.GatherLog(runDir, g)}");
        }

        Console.WriteLine(File.Exists(RunLayout.Metrics(runDir)) && counts.GetValueOrDefault("done") == plan.Cells.Count
            ? "gathered: metrics.json is written"
            : "not gathered yet");
        return ExitCodes.Ok;
    }
}
