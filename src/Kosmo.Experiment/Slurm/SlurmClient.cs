using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Kosmo.Experiment.Slurm;

/// <summary>Calls Slurm's own commands (<c>sbatch</c>, <c>squeue</c>, <c>scontrol</c>) as a user would; no Slurm library is linked.</summary>
internal static partial class SlurmClient
{
    /// <summary>Submits a batch script; returns the job id (<c>sbatch --parsable</c>).</summary>
    /// <exception cref="FileNotFoundException">sbatch is not on PATH (no Slurm client on this machine).</exception>
    /// <exception cref="InvalidOperationException">sbatch refused the job (its message is passed on).</exception>
    public static string Submit(IReadOnlyList<string> args, string script)
    {
        var (rc, stdout, stderr) = Exec("sbatch", [.. args, script]);
        if (rc != 0)
        {
            throw new InvalidOperationException($"sbatch {string.Join(' ', args)} {script} failed (exit {rc}): {stderr.Trim()}");
        }

        // --parsable prints "jobid" or "jobid;cluster".
        return stdout.Trim().Split(';')[0];
    }

    /// <summary>
    /// The state of every array task and job Slurm still knows of, by id (<c>12_3</c> for task 3 of array 12, <c>13</c>
    /// for a plain job): the queue (<c>squeue -r</c>: PENDING, RUNNING, ...) and, for the given array jobs, recently
    /// finished tasks (<c>scontrol show job</c>: COMPLETED, FAILED, CANCELLED, TIMEOUT, ...). Empty when Slurm cannot be asked.
    /// </summary>
    public static Dictionary<string, string> States(IEnumerable<string> jobs)
    {
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var job in jobs.Distinct(StringComparer.Ordinal))
        {
            var (rc, stdout, _) = TryExec("scontrol", ["show", "job", "-o", job]);
            if (rc != 0)
            {
                continue;
            }

            foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var id = Field(line, "JobId");
                var array = Field(line, "ArrayJobId");
                var task = Field(line, "ArrayTaskId");
                var state = Field(line, "JobState");
                if (state is null)
                {
                    continue;
                }

                if (array is not null && task is not null && int.TryParse(task, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    states[$"{array}_{task}"] = state;
                }
                else if (id is not null)
                {
                    states[id] = state;
                }
            }
        }

        var (qrc, queue, _) = TryExec("squeue", ["-h", "-r", "-o", "%i|%T"]);
        if (qrc == 0)
        {
            foreach (var line in queue.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Trim().Split('|');
                if (parts.Length == 2)
                {
                    states[parts[0]] = parts[1];
                }
            }
        }

        return states;
    }

    /// <summary>Whether a Slurm state means the job will still run or is running.</summary>
    public static bool IsActive(string? state) => state is "PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING" or "REQUEUED" or "RESIZING" or "SUSPENDED";

    /// <summary>Compresses indices into Slurm's array syntax: 0-3,5,7-9.</summary>
    public static string ArraySpec(IReadOnlyList<int> sorted)
    {
        var parts = new List<string>();
        for (var k = 0; k < sorted.Count;)
        {
            var j = k;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            parts.Add(j == k ? sorted[k].ToString(CultureInfo.InvariantCulture) : $"{sorted[k]}-{sorted[j]}");
            k = j + 1;
        }

        return string.Join(',', parts);
    }

    private static string? Field(string line, string key)
    {
        var m = Regex.Match(line, $@"(?:^|\s){key}=(\S+)");
        return m.Success ? m.Groups[1].Value : null;
    }

    private static (int Rc, string Stdout, string Stderr) TryExec(string file, IReadOnlyList<string> args)
    {
        try
        {
            return Exec(file, args);
        }
        catch (FileNotFoundException)
        {
            return (-1, "", "");
        }
    }

    private static (int Rc, string Stdout, string Stderr) Exec(string file, IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new FileNotFoundException($"{file}: could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new FileNotFoundException($"{file} is not on PATH ({e.Message}): is this a Slurm login node? (--dry-run writes the scripts without submitting)", file);
        }

        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result, stderr);
        }
    }
}
