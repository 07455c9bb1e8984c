using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AddProblemsAndCare : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "ScaleSince",
                table: "Companies",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CareAssignments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DealId = table.Column<int>(type: "int", nullable: false),
                    LeaderId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    OfficerId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    IntervalDays = table.Column<int>(type: "int", nullable: false),
                    AssignedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CareAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CareAssignments_AspNetUsers_LeaderId",
                        column: x => x.LeaderId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CareAssignments_AspNetUsers_OfficerId",
                        column: x => x.OfficerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CareAssignments_Deals_DealId",
                        column: x => x.DealId,
                        principalTable: "Deals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Departments",
                columns: table => new
                {
                    Code = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SortOrder = table.Column<int>(type: "int", nullable: false),
                    IsActive = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Departments", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "Problems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DealId = table.Column<int>(type: "int", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    LoggedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    LoggedById = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    DepartmentCode = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    AssigneeId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Answer = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    ClosedById = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Problems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Problems_AspNetUsers_AssigneeId",
                        column: x => x.AssigneeId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Problems_AspNetUsers_ClosedById",
                        column: x => x.ClosedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Problems_AspNetUsers_LoggedById",
                        column: x => x.LoggedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Problems_Deals_DealId",
                        column: x => x.DealId,
                        principalTable: "Deals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Problems_Departments_DepartmentCode",
                        column: x => x.DepartmentCode,
                        principalTable: "Departments",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Companies_ScaleSince",
                table: "Companies",
                column: "ScaleSince");

            migrationBuilder.CreateIndex(
                name: "IX_CareAssignments_DealId",
                table: "CareAssignments",
                column: "DealId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CareAssignments_LeaderId_DealId",
                table: "CareAssignments",
                columns: new[] { "LeaderId", "DealId" });

            migrationBuilder.CreateIndex(
                name: "IX_CareAssignments_OfficerId_DealId",
                table: "CareAssignments",
                columns: new[] { "OfficerId", "DealId" });

            migrationBuilder.CreateIndex(
                name: "IX_Problems_AssigneeId",
                table: "Problems",
                column: "AssigneeId");

            migrationBuilder.CreateIndex(
                name: "IX_Problems_ClosedById",
                table: "Problems",
                column: "ClosedById");

            migrationBuilder.CreateIndex(
                name: "IX_Problems_ClosedOn_DueOn",
                table: "Problems",
                columns: new[] { "ClosedOn", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Problems_DealId",
                table: "Problems",
                column: "DealId");

            migrationBuilder.CreateIndex(
                name: "IX_Problems_DepartmentCode_DueOn",
                table: "Problems",
                columns: new[] { "DepartmentCode", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Problems_LoggedById",
                table: "Problems",
                column: "LoggedById");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CareAssignments");

            migrationBuilder.DropTable(
                name: "Problems");

            migrationBuilder.DropTable(
                name: "Departments");

            migrationBuilder.DropIndex(
                name: "IX_Companies_ScaleSince",
                table: "Companies");

            migrationBuilder.DropColumn(
                name: "ScaleSince",
                table: "Companies");
        }
    }
}
