package org.rogatory.hub.console.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.rogatory.hub.console.api.ConsoleCommands.CreateStaffAccountCommand;
import org.rogatory.hub.console.api.ConsoleCommands.LockStaffAccountCommand;
import org.rogatory.hub.console.api.ConsoleCommands.RecordStaffPasswordChangeCommand;
import org.rogatory.hub.console.api.ConsoleCommands.RecordStaffSignInCommand;
import org.rogatory.hub.console.api.ConsoleEvents.StaffAccountCreatedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.StaffAccountLockedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.StaffPasswordChangedEvent;
import org.rogatory.hub.console.api.ConsoleEvents.StaffSignedInEvent;
import org.rogatory.hub.console.api.ConsoleRejectedException;
import org.rogatory.hub.console.api.ConsoleRejectedException.Code;

/** A member of the Court's staff with a console account: its role and its sign-in history. */
@Aggregate
public class StaffAccount {
  @AggregateIdentifier private String username;

  protected StaffAccount() {}

  @CommandHandler
  public StaffAccount(CreateStaffAccountCommand c) {
    if (c.role() == null || c.by() == null || c.by().isBlank()) {
      throw new ConsoleRejectedException(
          Code.INVALID_INPUT, "a staff account needs a role and the name of who creates it");
    }
    apply(new StaffAccountCreatedEvent(c.username(), c.role(), c.by(), c.at()));
  }

  @CommandHandler
  public void handle(RecordStaffSignInCommand c) {
    apply(new StaffSignedInEvent(username, c.at()));
  }

  @CommandHandler
  public void handle(LockStaffAccountCommand c) {
    apply(new StaffAccountLockedEvent(username, c.until(), c.at()));
  }

  @CommandHandler
  public void handle(RecordStaffPasswordChangeCommand c) {
    apply(new StaffPasswordChangedEvent(username, c.at()));
  }

  @EventSourcingHandler
  void on(StaffAccountCreatedEvent e) {
    this.username = e.username();
  }
}
