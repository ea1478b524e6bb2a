using Kosmo.Features.Dataset;

namespace Kosmo.Models.Meta;

/// <summary>
/// One task of the task distribution (e.g. one month or one regime): a support set the model adapts on and a query
/// set it is then scored on. Both are ordinary <see cref="WindowDataset"/>s over the task's samples; the query
/// should lie after the support in time, and no support label may end inside the query period
/// (<see cref="MetaTaskBuilder"/> enforces both).
/// </summary>
/// <param name="Name">Task key, e.g. "2021-03" or "regime 2".</param>
/// <param name="Support">Samples to adapt on (inner loop).</param>
/// <param name="Query">Samples to evaluate the adapted weights on (FOMAML's outer gradient, reported losses).</param>
public sealed record MetaTask(string Name, WindowDataset Support, WindowDataset Query);
