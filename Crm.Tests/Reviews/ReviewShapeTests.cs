using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Organizations;
using Crm.Domain.Reviews;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

using MiniExcelLibs;

namespace Crm.Tests.Reviews;

/// <summary>
/// The review's shape at any zone size, without timing: a fixed number of SQL commands that does not grow with the
/// desks, the deals, the sources or the organisations; nothing tracked; the workbook streamed from the database.
/// </summary>
[NonParallelizable]
public sealed class ReviewShapeTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(ReviewDataset.Today.UtcDateTime);

    /// <summary>At most this many commands for a whole review (targets, desks, first entries, projections, snapshot, channels, counts).</summary>
    private const int ReviewCommands = 8;

    private static readonly string SnapshotDeals = Domain.Localization.Catalogue.Text("Workbook.SnapshotDeals", Domain.Localization.Catalogue.ChineseCulture);

    private PageApp _app = null!;
    private HttpClient _manager = null!;
    private int _sequence;

    [SetUp]
    public async Task StartAsync()
    {
        _app = new PageApp(new FakeTimeProvider(ReviewDataset.Today));
        (_, _manager) = await _app.SignedInAsync(Roles.Manager);
    }

    [TearDown]
    public void Stop() => _app.Dispose();

    /// <summary>
    /// <paramref name="count"/> deals over the year so far: every one a lead, most signed, some started, some producing,
    /// with sources, organisations and advisors spread over them.
    /// </summary>
    private async Task AddDealsAsync(int count, params string[] desks)
    {
        var advisor = await _app.CreateUserAsync(Roles.Advisor);
        var organization = await _app.WithDbAsync(async db =>
        {
            var added = db.Organizations.Add(new Organization { Name = TestData.Unique("商会"), Kind = OrganizationKind.BusinessAssociation });
            await db.SaveChangesAsync();
            return added.Entity.Id;
        });
        for (var i = 0; i < count; i++)
        {
            var n = _sequence++;
            var deal = await _manager.CreateDealAsync(TestData.NewDeal((await _manager.CreateCompanyAsync()).Id, b =>
            {
                b.Desk = desks[n % desks.Length];
                b.LeadOn = new DateOnly(2026, 1, 2).AddDays(n % 60);
                b.Region = (Region)(n % 4);
            }));
            if (n % 5 != 0)
            {
                var signed = new DateOnly(2026, 3, 1).AddDays(n % 50);
                deal = await _manager.MoveAsync(deal, DealStage.Signed, signed, 100_000_000L * (1 + (n % 7)), signed.AddDays(10), signed.AddDays(40));
                if (n % 2 == 0)
                {
                    deal = await _manager.MoveAsync(deal, DealStage.Started, signed.AddDays(5));
                }
                if (n % 4 == 0)
                {
                    await _manager.MoveAsync(deal, DealStage.Producing, signed.AddDays(20));
                }
            }
            // The channel: the desk's own, an association's or an advisor's (set in the table: the API asks more of a referral).
            var source = (n % 3) switch { 1 => DealSource.BusinessAssociation, 2 => DealSource.Advisor, _ => DealSource.Desk };
            await _app.WithDbAsync(db => db.Deals.Where(d => d.Id == deal.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Source, source)
                .SetProperty(d => d.OrganizationId, source == DealSource.BusinessAssociation ? organization : null)
                .SetProperty(d => d.AdvisorId, source == DealSource.Advisor ? advisor.Id : null)));
        }
    }

    private async Task AddDeskAsync(string code) => await _app.WithDbAsync(async db =>
    {
        db.Desks.Add(new Desk { Code = code, Name = $"{code}驻点招商小组", NameEn = $"{code} desk", SortOrder = 10 + _sequence });
        return await db.SaveChangesAsync();
    });

    /// <summary>Builds the review in a scope of its own and counts the commands it sends; the context must track nothing.</summary>
    private async Task<(QuarterReview Review, int Commands)> ReviewAsync(int quarter, string? desk, ReviewLists lists)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var reviews = scope.ServiceProvider.GetRequiredService<ReviewService>();
        _app.Commands.Reset();
        var review = await reviews.BuildAsync(2026, quarter, desk, lists, CancellationToken.None);
        var commands = _app.Commands.Count;
        Assert.That(db.ChangeTracker.Entries(), Is.Empty, "the review reads without tracking");
        return (review, commands);
    }

    [Test]
    public async Task The_review_sends_the_same_few_commands_for_a_small_and_a_larger_zone()
    {
        await AddDealsAsync(3, DeskCodes.Guangdong);
        var (smallClosed, smallClosedCommands) = await ReviewAsync(1, null, ReviewLists.None);
        var (_, smallRunning) = await ReviewAsync(2, null, ReviewLists.None);
        var (_, smallDesk) = await ReviewAsync(1, DeskCodes.Guangdong, ReviewLists.None);
        var (_, smallLists) = await ReviewAsync(1, null, ReviewLists.All);

        await AddDeskAsync("SH");
        await AddDeskAsync("ZJ");
        await AddDealsAsync(24, DeskCodes.Guangdong, DeskCodes.Fujian, DeskCodes.Beijing, "SH", "ZJ");
        var (largeClosed, largeClosedCommands) = await ReviewAsync(1, null, ReviewLists.None);
        var (_, largeRunning) = await ReviewAsync(2, null, ReviewLists.None);
        var (_, largeDesk) = await ReviewAsync(1, DeskCodes.Guangdong, ReviewLists.None);
        var (largeWithLists, largeLists) = await ReviewAsync(1, null, ReviewLists.All);

        Assert.Multiple(() =>
        {
            Assert.That(largeClosed.Desks, Has.Count.GreaterThan(smallClosed.Desks.Count), "more desks");
            Assert.That(largeClosed.Zone!.Signed.Actual, Is.GreaterThan(smallClosed.Zone!.Signed.Actual), "more deals signed");
            Assert.That(largeClosed.Channels.ByOrganization, Is.Not.Empty);
            Assert.That(largeClosed.Channels.ByAdvisor, Is.Not.Empty);
            Assert.That(largeWithLists.Deals!.Snapshot, Has.Count.EqualTo(27));

            Assert.That(largeClosedCommands, Is.EqualTo(smallClosedCommands), "closed quarter");
            Assert.That(largeRunning, Is.EqualTo(smallRunning), "running quarter");
            Assert.That(largeDesk, Is.EqualTo(smallDesk), "a desk's review");
            Assert.That(largeLists, Is.EqualTo(smallLists), "with every deal list");
            Assert.That(largeClosedCommands, Is.LessThanOrEqualTo(ReviewCommands));
            Assert.That(largeRunning, Is.LessThanOrEqualTo(ReviewCommands));
            Assert.That(largeLists, Is.LessThanOrEqualTo(ReviewCommands + 8), "one command per list");
        });
    }

    [Test]
    public async Task The_workbook_streams_every_deal_of_the_snapshot_with_the_same_commands_at_any_size()
    {
        async Task<(List<IDictionary<string, object>> Snapshot, int Commands, long? Length)> ExportAsync()
        {
            _app.Commands.Reset();
            using var response = await _manager.GetAsync("/api/v1/reviews/2026/Q2.xlsx", HttpCompletionOption.ResponseHeadersRead);
            await response.EnsureSuccessAsync();
            var length = response.Content.Headers.ContentLength;
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var commands = _app.Commands.Count;
            using var stream = new MemoryStream(bytes);
            var rows = MiniExcel.Query(stream, useHeaderRow: true, sheetName: SnapshotDeals).Cast<IDictionary<string, object>>().ToList();
            return (rows, commands, length);
        }

        await AddDealsAsync(4, DeskCodes.Guangdong);
        var small = await ExportAsync();
        await AddDealsAsync(21, DeskCodes.Guangdong, DeskCodes.Fujian, DeskCodes.Beijing);
        var large = await ExportAsync();

        Assert.Multiple(() =>
        {
            Assert.That(small.Snapshot, Has.Count.EqualTo(4));
            Assert.That(large.Snapshot, Has.Count.EqualTo(25), "one row per deal as it stood at the day counted");
            Assert.That(large.Snapshot.Select(r => Convert.ToInt32(r["编号"], System.Globalization.CultureInfo.InvariantCulture)), Is.Unique.And.Ordered);
            Assert.That(large.Commands, Is.EqualTo(small.Commands), "the workbook's commands do not grow with the deals");
            Assert.That(large.Length, Is.Null, "written as it is produced, not as a buffered file of known length");
        });
    }

    [Test]
    public async Task The_workbook_is_written_while_its_deal_lists_are_read_into_a_stream_that_takes_only_async_writes()
    {
        await AddDealsAsync(1, DeskCodes.Guangdong);
        QuarterReview review;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            review = await scope.ServiceProvider.GetRequiredService<ReviewService>().BuildAsync(2026, 2, null, ReviewLists.None, CancellationToken.None);
        }
        var output = new AsyncOnlyStream();
        long writtenAtFirstRow = -1, writtenAtLastRow = -1;
        const int Rows = 40_000;

        async IAsyncEnumerable<ReviewDeal> Many()
        {
            for (var i = 1; i <= Rows; i++)
            {
                if (i == 1)
                {
                    writtenAtFirstRow = output.Written;
                }
                if (i == Rows)
                {
                    writtenAtLastRow = output.Written;
                }
                await Task.Yield();
                yield return new ReviewDeal
                {
                    Id = i,
                    Title = $"项目{i}",
                    Company = $"企业{i}",
                    Tier = Domain.Companies.CompanyTier.None,
                    Desk = DeskCodes.Guangdong,
                    Owner = $"招商员{i}",
                    Source = DealSource.Desk,
                    Region = Region.Other,
                    IsExpansion = false,
                    Stage = DealStage.Signed,
                    Status = DealStatus.Active,
                    InvestmentYuan = 1_000_000L * i,
                    On = Today,
                };
            }
        }

        await ReviewWorkbook.WriteAsync(review, list => list == ReviewLists.Snapshot ? Many() : AsyncEnumerable.Empty<ReviewDeal>(),
            Domain.Localization.Catalogue.ChineseCulture, output, CancellationToken.None);

        using var stream = new MemoryStream(output.ToArray());
        var snapshot = MiniExcel.Query(stream, useHeaderRow: true, sheetName: SnapshotDeals).Cast<IDictionary<string, object>>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(snapshot, Has.Count.EqualTo(Rows));
            Assert.That(writtenAtLastRow, Is.GreaterThan(writtenAtFirstRow), "rows reached the output before the list was read to its end");
        });
    }

    /// <summary>Like a response body: a synchronous write or flush throws.</summary>
    private sealed class AsyncOnlyStream : Stream
    {
        private readonly MemoryStream _data = new();

        public long Written => _data.Length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public byte[] ToArray() => _data.ToArray();

        public override void Flush() => throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _data.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
