"""Operations on a whole database or tenant: backup, restore, a county's data export."""
