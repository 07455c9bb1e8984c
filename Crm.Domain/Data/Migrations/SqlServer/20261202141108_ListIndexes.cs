using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Domain.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_NextFollowUpOn_Id",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_Stage_Status",
                table: "Deals");

            migrationBuilder.AddColumn<DateOnly>(
                name: "FollowUpOrder",
                table: "Deals",
                type: "date",
                nullable: false,
                computedColumnSql: "COALESCE([NextFollowUpOn], CONVERT(date, '99991231', 112))",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_Deals_DeskCode_FollowUpOrder_Id",
                table: "Deals",
                columns: new[] { "DeskCode", "FollowUpOrder", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_DeskCode_InvestmentYuan_Id",
                table: "Deals",
                columns: new[] { "DeskCode", "InvestmentYuan", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_DeskCode_LeadOn_Id",
                table: "Deals",
                columns: new[] { "DeskCode", "LeadOn", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_FollowUpOrder_Id",
                table: "Deals",
                columns: new[] { "FollowUpOrder", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_LeadOn_Id",
                table: "Deals",
                columns: new[] { "LeadOn", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_OwnerId_FollowUpOrder_Id",
                table: "Deals",
                columns: new[] { "OwnerId", "FollowUpOrder", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Stage_Status_FollowUpOrder_Id",
                table: "Deals",
                columns: new[] { "Stage", "Status", "FollowUpOrder", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Stage_Status_InvestmentYuan",
                table: "Deals",
                columns: new[] { "Stage", "Status", "InvestmentYuan" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Stage_UpdatedAt_Id",
                table: "Deals",
                columns: new[] { "Stage", "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Status_FollowUpOrder_Id",
                table: "Deals",
                columns: new[] { "Status", "FollowUpOrder", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Status_Stage_InvestmentYuan",
                table: "Deals",
                columns: new[] { "Status", "Stage", "InvestmentYuan" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Status_UpdatedAt_Id",
                table: "Deals",
                columns: new[] { "Status", "UpdatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_DeskCode_FollowUpOrder_Id",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_DeskCode_InvestmentYuan_Id",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_DeskCode_LeadOn_Id",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_FollowUpOrder_Id",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_LeadOn_Id",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_OwnerId_FollowUpOrder_Id",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_Stage_Status_FollowUpOrder_Id",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_Stage_Status_InvestmentYuan",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_Stage_UpdatedAt_Id",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_Status_FollowUpOrder_Id",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_Status_Stage_InvestmentYuan",
                table: "Deals");

            migrationBuilder.DropIndex(
                name: "IX_Deals_Status_UpdatedAt_Id",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "FollowUpOrder",
                table: "Deals");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_NextFollowUpOn_Id",
                table: "Deals",
                columns: new[] { "NextFollowUpOn", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_Stage_Status",
                table: "Deals",
                columns: new[] { "Stage", "Status" });
        }
    }
}
