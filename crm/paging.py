"""Paging helpers shared by the lists."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """A paginator that counts another queryset than the one it pages.

    A list's order may need a join that its count does not (the case list ordered by
    company name names the company's team to walk an index); counting the filtered
    rows without that join saves a pass over the joined table on every page.
    `count_from` must hold exactly the rows of the paged list.
    """

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *args: Any,
        count_from: QuerySet | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(object_list, per_page, *args, **kwargs)
        self._count_from = count_from

    @cached_property
    def count(self) -> int:
        if self._count_from is None:
            return super().count
        return self._count_from.count()
