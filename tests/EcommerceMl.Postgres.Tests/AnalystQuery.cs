using System.Text.RegularExpressions;
using Npgsql;

namespace EcommerceMl.Postgres.Tests;

/// <summary>
/// Runs a file of docs/sql as written. The files use psql variables (<c>:'model'</c>); here each
/// becomes a bound parameter of the same name, which is what psql's quoting amounts to.
/// </summary>
internal static partial class AnalystQuery
{
    public static async Task<List<object?[]>> RunAsync(NpgsqlDataSource dataSource, string file, params (string Name, string Value)[] variables)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "sql", file);
        var sql = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        var used = PsqlVariable().Matches(sql).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.True(used.SetEquals(variables.Select(v => v.Name)), $"{file} uses variables {string.Join(", ", used)}");
        await using var command = dataSource.CreateCommand(PsqlVariable().Replace(sql, "@$1"));
        foreach (var (name, value) in variables)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    [GeneratedRegex(@":'([a-z_]+)'")]
    private static partial Regex PsqlVariable();
}
