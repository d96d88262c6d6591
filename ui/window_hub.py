"""The team hub from the window: sync now, link, conflicts, and what a sync brought."""

from __future__ import annotations

from ui.errors import show_info


class HubActions:
    """The team hub from the window: sync now, link, conflicts, and what a sync brought."""

    def sync_now(self) -> None:
        """Sync with the team hub now (Ctrl+Shift+S), or say how to link first."""
        if not self.controller.hub_linked():
            self.link_hub()
            return
        if not self.hub.sync_now():
            self.statusBar().showMessage("A sync is already running.", 5000)

    def link_hub(self) -> None:
        """Link this caseload to the team's hub."""
        self.hub.ask_link()

    def show_conflicts(self) -> None:
        """The open conflicts, side by side."""
        self.hub.show_conflicts()

    def _synced(self, result: object) -> None:
        if isinstance(result, BaseException):
            self.statusBar().showMessage(f"Sync did not run: {result}", 15_000)
            return
        self.statusBar().showMessage(result.sentence(), 15_000)  # type: ignore[attr-defined]
        left = getattr(result, "left", [])
        if left:  # a case leaving this laptop is said where it cannot be missed
            gone = "; ".join(left)
            self.moved_notice = show_info(
                self, f"{gone}: {'this case has' if len(left) == 1 else 'these cases have'} "
                "moved away from you (transferred, or this laptop was taken off the hub) and "
                "left this laptop. Their history went with them to the hub.",
                "Cases moved away")
        self.show_team()
        # Where a countersignature stands is shown on Today: the hub may have moved it on.
        if self.tabs.currentWidget() is self.today:
            self.today.refresh()
        else:
            self.stale.add(self.today)
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.pack_page.refresh()
        if self.workspace.crn and self.workspace.crn not in self.controller.caseload.people:
            self.workspace.crn = ""
            self.workspace.event_id = ""
            self.workspace.header.setText("This case has moved to another officer.")
            self.workspace.refresh()
        elif self.workspace.crn:
            self.workspace.show_case(self.workspace.crn, self.workspace.event_id)

    def show_team(self) -> None:
        """The My team tab for a manager (as the hub last said), redrawn if on screen."""
        manager = self.controller.is_open and self.team_work.is_manager()
        self.tabs.offer(self.team, manager)
        if manager and self.tabs.currentWidget() is self.team:
            self.team.refresh()
        elif manager:
            self.stale.add(self.team)
