using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Referrals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CoreName",
                table: "Companies",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NormalizedName",
                table: "Companies",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "Referrals",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CompanyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CoreName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreditCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    ContactName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ContactPhone = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ContactEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Region = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Segment = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EstimatedInvestmentYuan = table.Column<long>(type: "INTEGER", nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    SubmittedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    DecidedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DealId = table.Column<int>(type: "INTEGER", nullable: true),
                    DuplicateOfDealId = table.Column<int>(type: "INTEGER", nullable: true),
                    DuplicateOfReferralId = table.Column<int>(type: "INTEGER", nullable: true),
                    PossibleDuplicateLevel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    PossibleDuplicateKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    PossibleDuplicateDesk = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    PossibleDuplicateSince = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Referrals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Referrals_AspNetUsers_DecidedById",
                        column: x => x.DecidedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Referrals_AspNetUsers_SubmittedById",
                        column: x => x.SubmittedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Referrals_Deals_DealId",
                        column: x => x.DealId,
                        principalTable: "Deals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Referrals_Deals_DuplicateOfDealId",
                        column: x => x.DuplicateOfDealId,
                        principalTable: "Deals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Referrals_Referrals_DuplicateOfReferralId",
                        column: x => x.DuplicateOfReferralId,
                        principalTable: "Referrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Companies_CoreName",
                table: "Companies",
                column: "CoreName");

            migrationBuilder.CreateIndex(
                name: "IX_Companies_NormalizedName",
                table: "Companies",
                column: "NormalizedName");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_CoreName",
                table: "Referrals",
                column: "CoreName");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_CreditCode",
                table: "Referrals",
                column: "CreditCode");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_DealId",
                table: "Referrals",
                column: "DealId");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_DecidedById",
                table: "Referrals",
                column: "DecidedById");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_DuplicateOfDealId",
                table: "Referrals",
                column: "DuplicateOfDealId");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_DuplicateOfReferralId",
                table: "Referrals",
                column: "DuplicateOfReferralId");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_NormalizedName",
                table: "Referrals",
                column: "NormalizedName");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_Status_Id",
                table: "Referrals",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_SubmittedById_Id",
                table: "Referrals",
                columns: new[] { "SubmittedById", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Referrals");

            migrationBuilder.DropIndex(
                name: "IX_Companies_CoreName",
                table: "Companies");

            migrationBuilder.DropIndex(
                name: "IX_Companies_NormalizedName",
                table: "Companies");

            migrationBuilder.DropColumn(
                name: "CoreName",
                table: "Companies");

            migrationBuilder.DropColumn(
                name: "NormalizedName",
                table: "Companies");
        }
    }
}
