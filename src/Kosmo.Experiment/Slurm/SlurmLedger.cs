using System.Text.Json;
using System.Text.Json.Nodes;
using Kosmo.Core.IO;

namespace Kosmo.Experiment.Slurm;

/// <summary>
/// <c>RUN/slurm/jobs.json</c>: every submission of the run folder, oldest first, so <c>kosmo status</c> can name the
/// Slurm job of each cell and a second submission can skip the cells still queued.
/// </summary>
internal static class SlurmLedger
{
    /// <summary>The Slurm folder of a run (scripts, logs, the ledger).</summary>
    public static string Dir(string runDir) => RunLayout.Slurm(runDir);

    /// <summary>The log file of cell <paramref name="cell"/> computed by array job <paramref name="arrayJob"/>.</summary>
    public static string CellLog(string runDir, string arrayJob, int cell) => Path.Combine(RunLayout.SlurmLogs(runDir), $"cell-{cell}-{arrayJob}.out");

    /// <summary>The log file of a gather job.</summary>
    public static string GatherLog(string runDir, string gatherJob) => Path.Combine(RunLayout.SlurmLogs(runDir), $"gather-{gatherJob}.out");

    /// <summary>The submissions so far (empty when none).</summary>
    public static IReadOnlyList<SlurmSubmission> Read(string runDir)
    {
        var path = Path.Combine(Dir(runDir), RunLayout.SlurmJobsFile);
        if (!File.Exists(path))
        {
            return [];
        }

        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        return [.. root["submissions"]!.AsArray().Select(n => new SlurmSubmission(
            (string)n!["array_job"]!,
            (string)n["gather_job"]!,
            [.. n["cells"]!.AsArray().Select(c => (int)c!)],
            (string)n["submitted"]!))];
    }

    /// <summary>Appends a submission (temp file + rename).</summary>
    public static void Append(string runDir, SlurmSubmission submission)
    {
        var all = Read(runDir).Append(submission);
        var array = new JsonArray();
        foreach (var s in all)
        {
            array.Add(new JsonObject
            {
                ["array_job"] = s.ArrayJob,
                ["gather_job"] = s.GatherJob,
                ["cells"] = new JsonArray([.. s.Cells.Select(c => (JsonNode?)c)]),
                ["submitted"] = s.Submitted,
            });
        }

        Directory.CreateDirectory(Dir(runDir));
        var path = Path.Combine(Dir(runDir), RunLayout.SlurmJobsFile);
        AtomicFile.WriteAllText(path, new JsonObject { ["submissions"] = array }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>The latest submission that covered each cell: cell → (array job, submission).</summary>
    public static Dictionary<int, SlurmSubmission> LatestByCell(IReadOnlyList<SlurmSubmission> submissions)
    {
        var map = new Dictionary<int, SlurmSubmission>();
        foreach (var s in submissions)
        {
            foreach (var c in s.Cells)
            {
                map[c] = s;
            }
        }

        return map;
    }
}
