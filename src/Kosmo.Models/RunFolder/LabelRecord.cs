namespace Kosmo.Models.RunFolder;

/// <summary>
/// One row of <c>RUN/labels.csv</c> (<c>date,code,label,fwd_return</c>): the true class of one stock-date
/// and the forward return the label was made from.
/// </summary>
/// <param name="Date">Signal date t.</param>
/// <param name="Code">Stock code, as text.</param>
/// <param name="Label">0 = down, 1 = flat, 2 = up.</param>
/// <param name="FwdReturn">Forward simple return over the label horizon (0.05 for +5%), finite.</param>
public readonly record struct LabelRecord(DateOnly Date, string Code, int Label, double FwdReturn);
