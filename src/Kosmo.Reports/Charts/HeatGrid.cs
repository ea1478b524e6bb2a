namespace Kosmo.Reports.Charts;

/// <summary>
/// A labelled grid of coloured cells with a value in each (monthly return heat maps, confusion matrices).
/// values: (rows, cols); NaN cells are drawn light grey and left blank.
/// </summary>
internal sealed class HeatGrid
{
    public required string Id { get; init; }

    public required string Label { get; init; }

    public required IReadOnlyList<string> RowLabels { get; init; }

    public required IReadOnlyList<string> ColLabels { get; init; }

    /// <summary>values: (RowLabels.Count, ColLabels.Count).</summary>
    public required double[,] Values { get; init; }

    public required Func<int, int, double, string> CellColor { get; init; }

    public required Func<int, int, double, string> CellText { get; init; }

    public Func<int, int, double, string>? CellTip { get; init; }

    public double CellWidth { get; init; } = 64;

    public double CellHeight { get; init; } = 26;

    public double RowLabelWidth { get; init; } = 56;

    public string? RowTitle { get; init; }

    public string? ColTitle { get; init; }

    public string Render()
    {
        var top = ColTitle is null ? 22.0 : 40.0;
        var left = RowLabelWidth + (RowTitle is null ? 0 : 18);
        var width = left + CellWidth * ColLabels.Count + 4;
        var height = top + CellHeight * RowLabels.Count + 4;
        var svg = new Svg(Id, width, height, Label);
        if (ColTitle is not null)
        {
            svg.Text(left + CellWidth * ColLabels.Count / 2, 14, ColTitle, "middle", "axtitle");
        }

        if (RowTitle is not null)
        {
            svg.Raw($"<text x=\"12\" y=\"{Svg.Num(top + CellHeight * RowLabels.Count / 2)}\" text-anchor=\"middle\" class=\"axtitle\" transform=\"rotate(-90 12 {Svg.Num(top + CellHeight * RowLabels.Count / 2)})\">{Svg.Esc(RowTitle)}</text>");
        }

        for (var c = 0; c < ColLabels.Count; c++)
        {
            svg.Text(left + CellWidth * (c + 0.5), top - 7, ColLabels[c], "middle");
        }

        for (var r = 0; r < RowLabels.Count; r++)
        {
            var y = top + CellHeight * r;
            svg.Text(left - 8, y + CellHeight / 2 + 4, RowLabels[r], "end");
            for (var c = 0; c < ColLabels.Count; c++)
            {
                var v = Values[r, c];
                var x = left + CellWidth * c;
                var fill = CellColor(r, c, v);
                svg.Rect(x + 1, y + 1, CellWidth - 2, CellHeight - 2, fill, CellTip?.Invoke(r, c, v), "cell");
                if (double.IsFinite(v))
                {
                    svg.Text(x + CellWidth / 2, y + CellHeight / 2 + 4, CellText(r, c, v), "middle", "cellv", Colors.TextOn(fill));
                }
            }
        }

        return svg.ToString();
    }
}
